/// The metadata hash `CheckMetadataHash` commits to in mode 1, kept beside the runtime like a
/// lock file and checked against the metadata by `polis-metadata-hash`'s tests.
#[cfg(feature = "std")]
const METADATA_HASH_FILE: &str = "metadata-hash";

#[cfg(feature = "std")]
fn main() {
	println!("cargo:rerun-if-changed={METADATA_HASH_FILE}");
	let hash = std::fs::read_to_string(METADATA_HASH_FILE)
		.unwrap_or_else(|error| panic!("runtime/{METADATA_HASH_FILE}: {error}"));
	// Only the Wasm build (a child process that inherits this variable) embeds the hash: it is
	// what nodes execute, and the native runtime's crates stay compiled as they were.
	std::env::set_var("RUNTIME_METADATA_HASH", hash.trim());
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(feature = "std"))]
fn main() {}
