from core.api.exceptions import exception_handler
from core.errors import StateConflict


def test_a_state_conflict_raised_by_the_domain_answers_409_with_its_code():
    response = exception_handler(StateConflict("A sent message cannot be sent.", code="illegal_transition"), {})
    assert response.status_code == 409
    assert response.data == {"detail": "A sent message cannot be sent.", "code": "illegal_transition"}
