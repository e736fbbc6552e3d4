"""Post-processing of the generated OpenAPI schema, so that it describes what the API really answers."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong: `detail` and a machine-readable `code` (a rule about a field also names "
    "the field, e.g. {\"guest\": [\"…\"], \"detail\": \"…\", \"code\": \"quota_exceeded\"}).",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "additionalProperties": True,
}
# Bad input names each faulty field, whatever its name (a zone's `code` too), with its problems,
# e.g. {"reentry": ["\"twice\" is not a valid choice."]}; a malformed body or query gets `detail`.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Each faulty field (or query parameter) with its problems, or `detail` and `code`.",
    "additionalProperties": True,
}
# Every operation may answer these (bad query or body, no or a bad token, a role without the right,
# an unknown event/id/page); operations that change data may also meet a conflict with the current
# state, a body too large or of a media type they do not read.
EVERY_OPERATION = {
    "400": "Bad input: the body names each faulty field (or the query parameter) and its problem.",
    "401": "No credentials, or a token that is not valid.",
    "403": "Your role in this event does not include the right this operation needs.",
    "404": "No such event, object or page (another event's ids answer the same).",
    "429": "Too many failed sign-ins or bad tokens from this address: wait the Retry-After seconds.",
}
CHANGING_OPERATION = {
    "412": "If-Match names a version that is no longer current: read the object again and redo the change.",
    "409": "The request conflicts with the current state (e.g. a status change not allowed now, a record in use).",
    "413": "The request body is larger than allowed.",
    "415": "The body's media type is not one this operation reads.",
    "503": "The database is too busy to take the write now: retry after Retry-After seconds.",
}
CHANGING_METHODS = {"post", "put", "patch", "delete"}
BLANK_STRING = {"type": "string", "maxLength": 0}


def document_error_responses(result, generator, request, public):
    """Adds the error answers that DRF and our exception handler give to every operation (JSON:
    VALIDATION_ERROR_SCHEMA for 400, ERROR_SCHEMA otherwise); drf-spectacular documents only the
    success answers."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.update({"Error": ERROR_SCHEMA, "ValidationError": VALIDATION_ERROR_SCHEMA})
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = dict(EVERY_OPERATION, **(CHANGING_OPERATION if method in CHANGING_METHODS else {}))
            for code, description in codes.items():
                component = "ValidationError" if code == "400" else "Error"
                content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}
                operation["responses"].setdefault(code, {"content": content, "description": description})
    return result


def allow_blank_strings(result, generator, request, public):
    """drf-spectacular describes a blank-allowed string with a pattern or format as
    `oneOf: [the string, {maxLength: 0}]`. When the pattern itself accepts "" (phone numbers:
    `^[0-9+()\\-. ]*$`), "" matches both and oneOf refuses it, though "" is what such a field holds
    when left empty. Either alternative is fine, so say anyOf."""

    def visit(node):
        if isinstance(node, dict):
            alternatives = node.get("oneOf")
            if isinstance(alternatives, list) and BLANK_STRING in alternatives:
                node["anyOf"] = node.pop("oneOf")
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(result.get("components", {}))
    visit(result.get("paths", {}))
    return result
