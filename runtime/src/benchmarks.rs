//! The pallets whose benchmarks the node's `benchmark pallet` command runs.

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_multisig, Multisig]
	[pallet_proxy, Proxy]
	[pallet_preimage, Preimage]
	[pallet_scheduler, Scheduler]
	[pallet_collective, Council]
	[pallet_membership, CouncilMembership]
	[pallet_whitelist, Whitelist]
	[pallet_did, Did]
	[pallet_ballots, Ballots]
	[pallet_land_registry, LandRegistry]
	[pallet_sensor_oracle, SensorOracle]
	[pallet_energy_market, EnergyMarket]
	[pallet_carbon_credits, CarbonCredits]
	[pallet_provenance, Provenance]
	[pallet_validator_set, ValidatorSet]
);
