"""Slip printing: slip data (``slips``), layouts (``layout``), ESC/POS bytes (``escpos_render``), PNG preview
(``preview``), printer connections (``transports``) and one-job printing (``printing``).

Nothing is re-exported here so that importing the light modules (slip data, layouts) does not pull in
Pillow or pyserial.
"""
