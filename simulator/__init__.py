"""A discrete-event simulator of a hall's day that drives the hall's logic package.

No Home Assistant: ``custom_components/service_hall/hall`` runs on its own, in simulated time.

* :mod:`simulator.day` — a reference day (hall, window schedule, pre-sampled citizens) as data;
* :mod:`simulator.generate` — reference days generated from a seed (``python -m simulator.generate``);
* :mod:`simulator.policies` — the dispatch policies compared, as layout transforms;
* :mod:`simulator.run` — the simulation and its figures.
"""
