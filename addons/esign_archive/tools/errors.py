"""Errors raised by the archive's ORM-free tools.

Each carries a stable ``code`` and the values to fill into its message, so
the models can show a translated text without parsing English.
"""


class ArchiveError(Exception):
    """Base of the archive tools' errors."""

    code = "archive_error"
    message = "The archive could not handle this value."

    def __init__(self, **values):
        self.values = values
        super().__init__(self.message % values if values else self.message)


class PathPatternError(ArchiveError):
    code = "path_pattern"
    message = "Unknown placeholder {%(placeholder)s} in the path pattern."


class PatternSyntaxError(ArchiveError):
    code = "pattern_syntax"
    message = "The path pattern has an unbalanced brace: %(pattern)s"
