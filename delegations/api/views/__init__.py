"""The delegation API, one module per resource."""
