"""The server's SMS sender: notices queued by the windows (``notice.queued`` events) rendered with the centre's
approved templates and sent through one gateway, each exactly once (see sender.py)."""
