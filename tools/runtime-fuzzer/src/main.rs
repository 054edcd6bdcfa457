//! The Polis runtime fuzzer.
//!
//! Builds a `development` chain in memory and produces block after block as an author would
//! (Aura's slot, the timestamp inherent, `on_initialize`/`on_finalize`), each filled with
//! random calls of every pallet, signed by random well-known accounts with the standard
//! extensions, some wrapped in Alice's sudo. After every block it checks every pallet's
//! `try_state`, that the accounts hold exactly the total issuance and only Root grew it, and
//! that the block's weight and length are within the limits. A panic, a broken invariant or a
//! failed regression input ends the run with the seed that reproduces it.
//!
//! Run with `scripts/fuzz.sh`, which builds with the runtime's `try-runtime` feature and
//! without its Wasm.

mod chain;
mod devices;
mod generate;
mod regressions;

use chain::{Chain, Outcome};
use clap::Parser;
use frame_support::traits::GetCallMetadata;
use generate::Generator;
use polis_runtime::RuntimeCall;
use rand::{rngs::StdRng, Rng, SeedableRng};
use sp_keyring::Sr25519Keyring;
use std::{
	cell::RefCell,
	collections::BTreeMap,
	time::{Duration, Instant},
};

#[derive(Parser)]
#[command(about = "Fuzzes the Polis runtime in memory; any failure reproduces from its seed.")]
struct Options {
	/// Seed of the random generator; a fresh random one if left out.
	#[arg(long)]
	seed: Option<u64>,
	/// Stop after this many seconds.
	#[arg(long, default_value_t = 60)]
	seconds: u64,
	/// Stop after this many blocks (whichever comes first); a failure's block reproduces it.
	#[arg(long)]
	blocks: Option<u32>,
	/// The most transactions in one block.
	#[arg(long, default_value_t = 24)]
	max_transactions: u32,
}

thread_local! {
	/// What was being done, printed if the runtime panics.
	static CONTEXT: RefCell<String> = const { RefCell::new(String::new()) };
}

fn main() {
	let options = Options::parse();
	let seed = options.seed.unwrap_or_else(|| rand::thread_rng().gen());
	println!("runtime fuzzer: seed {seed} (reproduce with --seed {seed})");
	install_panic_report(seed);

	let mut chain = Chain::new();
	let regression_calls = regressions::replay(&mut chain, regressions::all())
		.unwrap_or_else(|failure| fail(seed, 0, &failure));
	println!("regression inputs: {} transactions as expected", regression_calls.len());

	let mut generator = Generator::new(StdRng::seed_from_u64(seed));
	for call in &regression_calls {
		generator.note_success(call);
	}
	let mut stats = Stats::default();
	let deadline = Instant::now() + Duration::from_secs(options.seconds);
	let mut block = 0u32;
	while Instant::now() < deadline && options.blocks.is_none_or(|blocks| block < blocks) {
		block += 1;
		let skipped_slots = match generator.rng().gen_range(0..20) {
			0 => generator.rng().gen_range(1..=10_000),
			1..=3 => generator.rng().gen_range(1..=5),
			_ => 0,
		};
		chain.start_block(skipped_slots);
		let mut root_used = false;
		for _ in 0..generator.rng().gen_range(1..=options.max_transactions) {
			let call = generator.call();
			// Root-only calls (governance's) need Root to get anywhere.
			let mut call = if generator.rng().gen_bool(0.15) {
				RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
			} else {
				call
			};
			chain.execute_with(|| devices::freshen_readings(&mut call, generator.rng()));
			let is_root = matches!(call, RuntimeCall::Sudo(_));
			let signer = if is_root && generator.rng().gen_bool(0.9) {
				Sr25519Keyring::Alice
			} else {
				generator.signer()
			};
			CONTEXT.with(|context| {
				*context.borrow_mut() = format!("block {block}: {signer:?} submits {call:?}")
			});
			let outcome = chain.submit(signer, call.clone());
			root_used |= is_root;
			if outcome == Outcome::Succeeded {
				generator.note_success(&call);
			}
			stats.record(&call, &outcome);
			if let Outcome::Failed(error) = &outcome {
				if is_untyped(error) && generate::is_polis_pallet(called_pallet(&call)) {
					fail(seed, block, &format!("{call:?} failed with an untyped error: {error}"));
				}
			}
		}
		CONTEXT.with(|context| *context.borrow_mut() = format!("block {block}: finishing"));
		if let Err(finding) = chain.finish_block(root_used) {
			stats.print(block, generator.undecodable);
			fail(seed, block, &finding);
		}
	}
	stats.print(block, generator.undecodable);
	println!("no findings in {block} blocks (seed {seed})");
}

fn install_panic_report(seed: u64) {
	let default_hook = std::panic::take_hook();
	std::panic::set_hook(Box::new(move |info| {
		CONTEXT.with(|context| {
			eprintln!("runtime fuzzer: PANIC at {}; reproduce with --seed {seed}", context.borrow())
		});
		default_hook(info);
	}));
}

fn fail(seed: u64, block: u32, finding: &str) -> ! {
	eprintln!("runtime fuzzer: FINDING at block {block}: {finding}");
	eprintln!("reproduce with --seed {seed} --blocks {block}");
	std::process::exit(1);
}

/// The pallet a transaction calls: the wrapped call's for a sudo.
fn called_pallet(call: &RuntimeCall) -> &'static str {
	let called = match call {
		RuntimeCall::Sudo(
			pallet_sudo::Call::sudo { call }
			| pallet_sudo::Call::sudo_unchecked_weight { call, .. }
			| pallet_sudo::Call::sudo_as { call, .. },
		) => call.as_ref(),
		call => call,
	};
	called.get_call_metadata().pallet_name
}

/// Polis pallets answer every bad input with an error of their own (or a typed FRAME one:
/// `BadOrigin`, `Token`, `Arithmetic`); a bare string, `Corruption` or `Unavailable` is a bug.
fn is_untyped(error: &str) -> bool {
	["Other", "Corruption", "Unavailable"].iter().any(|untyped| error.starts_with(untyped))
}

/// Transactions per pallet and what became of them.
#[derive(Default)]
struct Stats {
	pallets: BTreeMap<&'static str, PalletStats>,
}

#[derive(Default)]
struct PalletStats {
	submitted: u64,
	succeeded: u64,
	failed: u64,
	rejected: u64,
	errors: BTreeMap<String, u64>,
}

impl Stats {
	/// Counts a sudo call under the pallet of the call it wraps, so that Root-only calls show.
	fn record(&mut self, call: &RuntimeCall, outcome: &Outcome) {
		let pallet = called_pallet(call);
		let stats = self.pallets.entry(pallet).or_default();
		stats.submitted += 1;
		match outcome {
			Outcome::Succeeded => stats.succeeded += 1,
			Outcome::Failed(error) => {
				stats.failed += 1;
				*stats.errors.entry(error.clone()).or_default() += 1;
			},
			Outcome::Rejected(reason) => {
				stats.rejected += 1;
				*stats.errors.entry(format!("rejected: {reason}")).or_default() += 1;
			},
		}
	}

	fn print(&self, blocks: u32, undecodable: u64) {
		println!("{blocks} blocks; {undecodable} generated calls did not decode and were redrawn");
		println!(
			"{:<20} {:>10} {:>10} {:>10} {:>10}  most frequent errors",
			"pallet", "calls", "succeeded", "failed", "rejected"
		);
		for (pallet, stats) in &self.pallets {
			let mut errors: Vec<_> = stats.errors.iter().collect();
			errors.sort_by(|a, b| b.1.cmp(a.1));
			let frequent: Vec<String> =
				errors.iter().take(3).map(|(error, count)| format!("{error} ×{count}")).collect();
			println!(
				"{pallet:<20} {:>10} {:>10} {:>10} {:>10}  {}",
				stats.submitted,
				stats.succeeded,
				stats.failed,
				stats.rejected,
				frequent.join(", ")
			);
		}
	}
}
