"""One error type for bad input, so every message names the file, the place and the fix.

The data layer imports no MkDocs: plugin.py turns a DataError into MkDocs'
PluginError at the boundary, so MkDocs stops the build and prints the message as it is."""


class DataError(Exception):
    """Bad project data: the message says which file, where, and what to do."""

    def __init__(self, path, problem, fix="", line=None):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}" + (f" ({fix})" if fix else ""))


class DataErrors(DataError):
    """Every problem one pass found (a writer fixes them all in one go), one line each."""

    def __init__(self, errors):
        self.errors = list(errors)
        Exception.__init__(self, "\n".join(str(e) for e in self.errors))


def raise_all(errors):
    """Nothing if no errors; the error itself if one; else all of them at once."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DataErrors(errors)
