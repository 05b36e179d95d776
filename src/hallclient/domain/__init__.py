"""Pure domain rules in the law's vocabulary: no Qt, no SQLAlchemy, no I/O."""
