class DelegationRuleError(Exception):
    """A membership or itinerary rule refused a change. `field` names the input at fault, `code`
    is machine-readable, `status` is the HTTP status the API answers with (400 bad input, 409
    conflict with the current state)."""

    def __init__(self, message, *, field="non_field_errors", code="invalid", status=400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.status = status
