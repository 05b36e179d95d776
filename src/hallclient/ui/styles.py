"""Colour styles for message lines, in a module of their own so the sign-in page loads no other widgets."""

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #5f6368;"
OK_STYLE = "color: #1e7b34;"
WARNING_STYLE = "color: #a15c00;"
