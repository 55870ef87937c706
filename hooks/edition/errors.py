"""One error type for bad input, so every message names the file, the place and the fix."""


class DataError(Exception):
    """Bad project data: the message says which file, where, and what to do."""

    def __init__(self, path, problem, fix="", line=None):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}" + (f" ({fix})" if fix else ""))
