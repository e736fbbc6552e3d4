"""The API as its OpenAPI schema describes it, for the tests that cover every endpoint (bad input,
tenant isolation, passport privacy): a new endpoint is covered the day it is added."""
from drf_spectacular.generators import SchemaGenerator

NO_SUCH_UID = "00000000-0000-0000-0000-000000000000"
NO_SUCH_TOKEN = "A" * 43  # a well-formed secret of no link (the portal's sign-in)


def api_schema() -> dict:
    return SchemaGenerator().get_schema(public=True)


def collection_of(path: str) -> str | None:
    """The list path an object path belongs to (".../guests/{id}/approve/" → ".../guests/")."""
    return path.split("{id}")[0] if "{id}" in path else None


def fill(path: str, slug: str, ids: dict | None = None, *, object_id=None, guest_id=1) -> str | None:
    """The URL of a schema path in an event: {id} from `ids` (by collection) or `object_id`;
    None when the path needs an id that is not known."""
    if "{id}" in path:
        object_id = object_id if object_id is not None else (ids or {}).get(collection_of(path))
        if object_id is None:
            return None
        path = path.replace("{id}", str(object_id))
    return (path.replace("{event_slug}", slug).replace("{slug}", slug).replace("{guest_id}", str(guest_id))
            .replace("{uid}", NO_SUCH_UID).replace("{token}", NO_SUCH_TOKEN))


def first_row_ids(client, schema: dict, events) -> dict:
    """{list path: id of its first row} for every list endpoint of the events, taken from the first
    of `events` whose list has a row."""
    ids = {}
    for path, operations in schema["paths"].items():
        if "get" not in operations or not path.endswith("/") or path.count("{") != 1 or "{event_slug}" not in path:
            continue
        for event in events:
            response = client.get(fill(path, event.slug))
            if response.status_code != 200 or not response["Content-Type"].startswith("application/json"):
                continue
            body = response.json()
            rows = body.get("results", body) if isinstance(body, dict) else body
            if isinstance(rows, list) and rows and isinstance(rows[0], dict) and "id" in rows[0]:
                ids[path] = rows[0]["id"]
                break
    return ids


def json_schema(schema: dict, node: dict) -> dict:
    """A schema of the OpenAPI document as plain JSON Schema, for jsonschema: references resolved,
    OpenAPI 3.0's `nullable` as "or null", its readOnly/writeOnly/example annotations dropped."""
    components = schema["components"]["schemas"]

    def convert(node):
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return convert(components[node["$ref"].rsplit("/", 1)[1]])
        converted = {}
        for key, value in node.items():
            if key == "properties":
                converted[key] = {name: convert(field) for name, field in value.items()}
            elif key not in ("nullable", "readOnly", "writeOnly", "example"):
                converted[key] = convert(value)
        return {"anyOf": [converted, {"type": "null"}]} if node.get("nullable") else converted

    return convert(node)


def response_schema(schema: dict, path: str, method: str, status: int = 200) -> dict:
    """The JSON Schema of an operation's JSON answer with this status."""
    answer = schema["paths"][path][method]["responses"][str(status)]
    return json_schema(schema, answer["content"]["application/json"]["schema"])


def undocumented_fields(instance, schema: dict, where: str = "") -> list[str]:
    """Where the answer `instance` has object keys that its JSON Schema (from `json_schema`) does
    not name — fields a client could not learn of from the schema."""
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        found = [undocumented_fields(instance, branch, where) for branch in branches if _fits(instance, branch)]
        return min(found, key=len) if found else []
    if isinstance(instance, dict) and "properties" in schema:
        properties = schema["properties"]
        extra = [f"{where}.{key}" for key in instance if key not in properties]
        if schema.get("additionalProperties"):
            extra = []
        return extra + [path for key, value in instance.items() if key in properties
                        for path in undocumented_fields(value, properties[key], f"{where}.{key}")]
    if isinstance(instance, list) and isinstance(schema.get("items"), dict):
        return [path for index, item in enumerate(instance)
                for path in undocumented_fields(item, schema["items"], f"{where}[{index}]")]
    return []


def _fits(instance, schema: dict) -> bool:
    import jsonschema

    return jsonschema.Draft202012Validator(schema).is_valid(instance)
