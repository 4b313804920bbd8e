"""One module per record kind, each naming its ``SPEC`` (app/domain/kind_spec.py).
app/domain/registry.py finds them by listing this package: a new kind is its module."""
