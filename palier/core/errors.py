"""Domain errors. Services raise them with a translated message; views show the message."""


class DomainError(Exception):
    def __init__(self, message, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class StaleEdit(DomainError):
    pass
