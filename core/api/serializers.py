"""The base of the API's model serializers."""
from rest_framework import serializers
from rest_framework.serializers import raise_errors_on_nested_writes

from core.saving import save_changes


# DRF's, except that an update saves only the columns it changes (core.saving.save_changes):
# a PATCH of one field never writes back the others as they were read, so two PATCHes of different
# fields of one object both survive. (A comment: drf-spectacular would show a docstring as the
# description of every serializer without one of its own.)
class ModelSerializer(serializers.ModelSerializer):

    def update(self, instance, validated_data):
        raise_errors_on_nested_writes("update", self, validated_data)
        save_changes(instance, validated_data)
        return instance
