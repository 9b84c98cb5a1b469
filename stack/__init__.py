"""The living hall: the processes the run command starts (broker, window units, Home Assistant, the simulator)."""
