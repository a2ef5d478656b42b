//! The codec of a page's data as it travels from the server's render to hydration. Leptos's default
//! (`JsonSerdeCodec`) decodes with `serde_json::from_str`, while server functions decode their answers
//! with `from_slice`: two reader types, so the wasm carried two copies of every page type's JSON decoder
//! (the CIC's data, `AppError`, ...). Decoding from the bytes as well leaves one.
use crate::error::AppError;
use leptos::{
    prelude::*,
    server::codee::{Decoder, Encoder},
};
use serde::{de::DeserializeOwned, Serialize};

pub struct SliceJson;

impl<T: Serialize> Encoder<T> for SliceJson {
    type Error = serde_json::Error;
    type Encoded = String;
    fn encode(val: &T) -> Result<String, Self::Error> {
        serde_json::to_string(val)
    }
}

impl<T: DeserializeOwned> Decoder<T> for SliceJson {
    type Error = serde_json::Error;
    type Encoded = str;
    fn decode(val: &str) -> Result<T, Self::Error> {
        serde_json::from_slice(val.as_bytes())
    }
}

/// A page's data: loaded by the server before it sends the page (blocking), hydrated from the page.
pub type PageData<T> = Resource<Result<T, AppError>, SliceJson>;

pub fn page_data<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> PageData<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, true)
}
