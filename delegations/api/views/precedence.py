from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from ...domain.precedence import precedence_order
from ...models import Delegation
from .common import DelegationScoped


class PrecedenceView(DelegationScoped, generics.GenericAPIView):
    """The protocol order of the delegations, with the key each was sorted by."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, event_slug=None):
        order = precedence_order(self.event, Delegation.objects.filter(event=self.event))
        return Response({
            "language": order.language,
            "start_letter": order.start_letter,
            "start_letter_ignored": order.start_letter_ignored,
            "delegations": [
                {"position": e.position, "id": e.delegation.pk, "name": e.delegation.name, "country": e.delegation.country,
                 "country_name": e.country_name, "key": e.key, "override": e.override}
                for e in order.entries
            ],
        })
