"""Application services: the use cases the GUI and the CLI share (Qt-free).

Each write is one ``Store.write()`` transaction that changes state and appends its event together.
"""
