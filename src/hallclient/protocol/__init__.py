"""What a window PC and the central server share, and nothing else: both sides import it, it imports neither.

``wire`` (the HTTP API's bodies and limits), ``bundle`` (the offline day-close file), ``casestate`` (a case's
state as events carry it), ``accounts`` (account rules, password hashing) and ``credentials`` (token digests
and device-bound offline sign-in). It depends only on ``domain`` and ``errors``.
"""
