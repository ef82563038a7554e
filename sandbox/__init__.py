"""Spindle's sandbox: runs untrusted Python in isolation. Plain Python; never imports Django."""
