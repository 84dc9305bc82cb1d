//! The interface of bench/peer/peer.ffi built with UniFFI (proc-macros), with
//! the same trivial bodies as the Go implementation of bench/peer/ffic: the
//! peer benchmark (bench/peer/run) loads both into one Python process and
//! times them call for call.
//!
//! ffic's context is the object `Peer`: its methods are the context's fns,
//! `set_computer` and `set_listener` stand for ffic's host fn implementation
//! and event subscription, and `static_noop` is a top-level function (ffic: a
//! static fn).

use std::sync::{Arc, Mutex};

uniffi::setup_scaffolding!();

/// A record of eight fields, sent back unchanged by `echo_record`.
#[derive(uniffi::Record)]
pub struct Record {
    pub flag: bool,
    pub small: i32,
    pub big: i64,
    pub count: u32,
    pub ratio: f64,
    pub name: String,
    pub note: Option<String>,
    pub data: Vec<u8>,
}

/// Implemented in Python: a callback with a result (ffic: the host fn
/// `compute`).
#[uniffi::export(callback_interface)]
pub trait Computer: Send + Sync {
    fn compute(&self, x: u32) -> u32;
}

/// Implemented in Python: a callback without a result (ffic: the event
/// `ticked`).
#[uniffi::export(callback_interface)]
pub trait Listener: Send + Sync {
    fn ticked(&self, i: u32);
}

/// What ffic calls a context.
#[derive(uniffi::Object)]
pub struct Peer {
    computer: Mutex<Option<Box<dyn Computer>>>,
    listener: Mutex<Option<Box<dyn Listener>>>,
}

#[uniffi::export]
impl Peer {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Peer {
            computer: Mutex::new(None),
            listener: Mutex::new(None),
        })
    }

    pub fn noop(&self) {}

    pub fn add(&self, a: u32, b: u32) -> u32 {
        a.wrapping_add(b)
    }

    pub fn echo_string(&self, s: String) -> String {
        s
    }

    pub fn echo_bytes(&self, b: Vec<u8>) -> Vec<u8> {
        b
    }

    pub fn echo_record(&self, r: Record) -> Record {
        r
    }

    pub fn echo_list(&self, v: Vec<i64>) -> Vec<i64> {
        v
    }

    pub async fn add_later(&self, a: u32, b: u32) -> u32 {
        a.wrapping_add(b)
    }

    pub fn set_computer(&self, c: Box<dyn Computer>) {
        *self.computer.lock().unwrap() = Some(c);
    }

    /// Calls the computer: a callback with a result, from a plain call.
    pub fn call_host(&self, x: u32) -> u32 {
        match self.computer.lock().unwrap().as_ref() {
            Some(c) => c.compute(x),
            None => 0,
        }
    }

    pub fn set_listener(&self, l: Box<dyn Listener>) {
        *self.listener.lock().unwrap() = Some(l);
    }

    /// Calls the listener n times: n callbacks without a result.
    pub fn fire(&self, n: u32) {
        if let Some(l) = self.listener.lock().unwrap().as_ref() {
            for i in 0..n {
                l.ticked(i);
            }
        }
    }
}

/// A top-level no-op (ffic: a static fn).
#[uniffi::export]
pub fn static_noop() {}
