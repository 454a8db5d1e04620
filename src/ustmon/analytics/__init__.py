"""Analytics: the rates desk's questions answered as pure functions over store data.

Each module answers one family of questions (holders, foreign, fiscal, supply,
auctions, curve, funding, basis).  Functions take a :class:`~ustmon.analytics.base.Data`
(what to read, as of when) or plain frames, and return tidy DataFrames whose
``.attrs`` carry provenance (series used, sources, units, latest observation,
vintage).  Every module registers its command-line views in ``VIEWS``.
"""
