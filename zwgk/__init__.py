"""zwgk (政务公开): assessment schemes, campaigns and ledgers for government transparency work."""
