//! `polis-metadata-hash`: prints the runtime's metadata hash; `--write` also stores it in
//! `runtime/metadata-hash`, which the next build of the runtime embeds.

use std::process::exit;

fn main() {
	let arguments: Vec<String> = std::env::args().skip(1).collect();
	let write = match arguments.as_slice() {
		[] => false,
		[flag] if flag == "--write" => true,
		_ => {
			eprintln!("usage: polis-metadata-hash [--write]");
			exit(2);
		},
	};
	let hash = match polis_metadata_hash::metadata_hash() {
		Ok(hash) => polis_metadata_hash::to_hex(&hash),
		Err(error) => {
			eprintln!("polis-metadata-hash: {error}");
			exit(1);
		},
	};
	println!("{hash}");
	if write {
		let path = polis_metadata_hash::kept_hash_path();
		if let Err(error) = std::fs::write(&path, format!("{hash}\n")) {
			eprintln!("polis-metadata-hash: {}: {error}", path.display());
			exit(1);
		}
	}
}
