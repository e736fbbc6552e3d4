"""The base of the API's model serializers."""
from rest_framework import serializers
from rest_framework.serializers import raise_errors_on_nested_writes
from rest_framework.utils import model_meta

from core.calendar import columns_to_save


# DRF's, except that an update saves only the columns it changes (core.calendar.columns_to_save):
# a PATCH of one field never writes back the others as they were read, so two PATCHes of different
# fields of one object both survive. (A comment: drf-spectacular would show a docstring as the
# description of every serializer without one of its own.)
class ModelSerializer(serializers.ModelSerializer):

    def update(self, instance, validated_data):
        raise_errors_on_nested_writes("update", self, validated_data)
        relations = model_meta.get_field_info(instance).relations
        links = {}
        for name, value in validated_data.items():
            if name in relations and relations[name].to_many:
                links[name] = value
            else:
                setattr(instance, name, value)
        columns = columns_to_save(instance, validated_data)
        if columns:
            instance.save(update_fields=columns)
        for name, value in links.items():
            getattr(instance, name).set(value)
        return instance
