"""The loaded catalog: the index (facts and references per entry, what the cache stores and
catalog rules read) and the inventory (the index plus every valid entity). May import
`model`, `loader`, `governance`, `findings` and `support`."""
