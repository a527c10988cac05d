"""The ``byline`` command line: one module per command group, registered in ``app``."""
