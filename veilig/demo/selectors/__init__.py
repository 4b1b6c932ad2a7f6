"""What the demo reads: the demo city's records (``city``, with the digest of everything
written) and its street (``street``: records, teams, rules, signals)."""
