"""One module per CLI subcommand (``NAME``, ``HELP``, ``configure``, ``run``)."""

__all__: list[str] = []
