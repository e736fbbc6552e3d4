"""Who acts: the one value the audit trail understands. The layers that know the actor build it —
the API and the admin from the request (a session user or an API token), the check-in desk from its
checkpoint, a Celery task from its name — and pass it to the domain operations as `by=`. The
operations also take a plain user (tests, the shell, older callers), or None for the system."""
from dataclasses import dataclass, field

from accounts.models import ApiToken
from audit.models import ActorKind


@dataclass(frozen=True)
class Actor:
    kind: str
    id: str = ""
    label: str = ""
    user: object = field(default=None, compare=False, repr=False)  # the Django user acting, if any

    @classmethod
    def for_user(cls, user) -> "Actor":
        if user is None or not getattr(user, "is_authenticated", False):
            return SYSTEM
        return cls(ActorKind.USER, str(user.pk), user.get_username(), user)

    @classmethod
    def for_request(cls, request) -> "Actor":
        """The session user, or the API token the request came with (and its user)."""
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            user = request.user
            return cls(ActorKind.API_TOKEN, str(token.pk), f"{user.get_username()} · token {token}"[:200], user)
        return cls.for_user(getattr(request, "user", None))

    @classmethod
    def for_desk(cls, operator, checkpoint_id, checkpoint_label="") -> "Actor":
        """A check-in desk (a gate's scanner, in a browser or an app) at checkpoint `checkpoint_id`,
        operated by `operator`: a request (its user or API token), an Actor or a user."""
        if hasattr(operator, "META"):
            operator = cls.for_request(operator)
        operator = as_actor(operator)
        gate = checkpoint_label or f"checkpoint {checkpoint_id}"
        return cls(ActorKind.DESK, str(checkpoint_id), f"{gate} · {operator.label}"[:200], operator.user)

    @classmethod
    def for_task(cls, name, user=None) -> "Actor":
        """A background task; `user` is who asked for it, if someone did."""
        label = f"{name} · {user.get_username()}" if user is not None else name
        return cls(ActorKind.TASK, name[:64], label[:200], user)


SYSTEM = Actor(ActorKind.SYSTEM, "", "system")


def as_actor(by) -> Actor:
    """An Actor from what a domain operation was given as `by`."""
    if isinstance(by, Actor):
        return by
    return Actor.for_user(by)


def user_of(by):
    """The Django user behind `by` (an Actor or a user), or None."""
    return by.user if isinstance(by, Actor) else by


def signed_in_user(by):
    """The signed-in Django user behind `by`, for a `created_by` column; None for the system or anonymous."""
    user = user_of(by)
    return user if user is not None and user.is_authenticated else None
