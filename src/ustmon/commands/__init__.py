"""Command groups of the models (``ustmon bond``, ``futures``, ``nss``, ``termpremium``, ``hedge``).

They live here, not under :mod:`ustmon.models`, so the models stay free of typer and rich; the main CLI
loads each group only when its command is run (see ``ustmon.cli.LAZY_COMMANDS``).
"""
