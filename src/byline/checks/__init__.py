"""The checker: rules that turn a ``Document`` into diagnostics."""
