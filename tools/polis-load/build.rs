//! Rebuilds the tool when its metadata changes: the code subxt generates from it is the tool's
//! view of the runtime's calls and storage.

fn main() {
	println!("cargo:rerun-if-changed=polis-metadata.scale");
}
