//! The uniffi-bindgen command of the UniFFI release this crate builds with,
//! so that the bindings match the scaffolding:
//! `uniffi-bindgen generate --library libpeer_uniffi.so --language python`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
