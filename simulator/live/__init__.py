"""The live hall simulator: plays a day against a running Home Assistant (``python -m simulator.live``).

Citizens take tickets, officers call, serve, pause and rate at the windows (and at the window
units' keys), and Frigate reports the officers' seats over MQTT, in Frigate's own formats. The
run command (``scripts/run``, :mod:`stack.run`) starts it; :mod:`stack.verify` checks the hall
against the ledger it writes.
"""
