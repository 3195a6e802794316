"""Typed errors. Library code raises these; the CLI maps each to one line and exit code 2."""


class TqcheckError(Exception):
    """Base class: a problem with the user's input, config or environment (exit code 2)."""


class InputError(TqcheckError):
    """An input file cannot be read as text (missing, empty, binary, undecodable, too large)."""


class ConfigError(TqcheckError):
    """The configuration file or a command-line setting is invalid."""
