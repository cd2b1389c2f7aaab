"""What the catalog is judged against: the policy, the date, the lifecycle state machine and
what each stage requires. Pure domain knowledge; may import `model`, `loader`, `findings` and
`support` only."""
