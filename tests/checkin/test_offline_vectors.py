"""The shared offline test vectors (tests/checkin/vectors/offline_verdicts.json), judged by the
server: badges.domain.validity and the offline upload must give every verdict the file names.
tests/checkin/test_desk_browser.py runs the same file through the desk's JavaScript."""
import datetime
import json
import uuid

import pytest

from badges.domain import validity
from checkin.domain import gate_sql, offline
from checkin.models import Checkpoint
from tests.checkin.vectors import generate, world

VECTORS = json.loads(generate.FILE.read_text(encoding="utf-8"))


def test_the_file_is_what_the_fixed_world_generates():
    assert generate.FILE.read_text(encoding="utf-8") == generate.rendered()


def test_the_file_covers_every_verdict_a_gate_shows_offline():
    verdicts = {vector["verdict"] for vector in VECTORS["vectors"]}
    assert verdicts == {"ok", "wrong_event", "invalid", "revoked", "superseded", "not_yet_valid", "expired",
                        "zone_denied", "already_inside"}


def gate_reader(event, badge_id):
    """The gate's reader of the badge on file (it reads the badge with a gate; no gate here)."""
    return gate_sql.read(event.pk, 0, badge_id).badge


@pytest.mark.django_db
@pytest.mark.parametrize("on_file", [validity.badge_on_file, gate_reader], ids=["orm-reader", "gate-reader"])
def test_validity_judges_every_vector_as_the_file_says(on_file):
    event = world.build_database()
    at = datetime.datetime.fromisoformat(VECTORS["at"])
    judged = []
    for vector in VECTORS["vectors"]:
        judgement = validity.judge_code(event, vector["code"], as_of=at, on_file=on_file)
        if vector["direction"] == "entry":
            validity.admit(validity.check_window(judgement, at), set(Checkpoint.objects.get(pk=vector["checkpoint"]).zones.values_list("id", flat=True)))
        judged.append((vector["name"], judgement.result))
    # Whether a guest is inside is the gate's question (scanning), not the badge's.
    expected = [(v["name"], "ok" if v["verdict"] == "already_inside" else v["verdict"]) for v in VECTORS["vectors"]]
    assert judged == expected


@pytest.mark.django_db
def test_the_offline_upload_judges_every_vector_as_the_file_says():
    event = world.build_database()
    at = datetime.datetime.fromisoformat(VECTORS["at"])
    items = [{"checkpoint": v["checkpoint"], "qr": v["code"], "nonce": uuid.uuid4().hex,
              "direction": v["direction"], "scanned_at": at, "local_result": v["verdict"]} for v in VECTORS["vectors"]]
    reports = offline.upload_scans(event, items)
    assert [(v["name"], r["status"], r["result"]) for v, r in zip(VECTORS["vectors"], reports)] == [
        (v["name"], "recorded", v["verdict"]) for v in VECTORS["vectors"]]
    assert [r["flags"] for r in reports if r["flags"]] == [["exit_recorded"]]  # the revoked badge's exit
