//! `ListErase`: remove index ranges of a list, or all of it.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::list_erase_request::{All, Erase, ListRanges};
use edgecache_proto::cache_client::list_erase_response::List;

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, fit_u32, key, non_empty};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Removes ranges of positions from a list, or every element. A range is a
/// `(begin_index, count)` pair: `count` positions from the zero-based `begin_index`, in the
/// list as it is before the call; positions past the end are ignored. Never retried.
#[derive(Clone, Debug)]
pub struct ListEraseRequest {
    cache_name: String,
    list_name: Vec<u8>,
    /// `None` erases the whole list.
    ranges: Option<Vec<(usize, usize)>>,
}

impl ListEraseRequest {
    /// Erases each `(begin_index, count)` of `ranges` (at least one) from `list_name`.
    pub fn ranges(
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        ranges: impl IntoIterator<Item = (usize, usize)>,
    ) -> Self {
        ListEraseRequest {
            cache_name: cache_name.into(),
            list_name: list_name.into_bytes(),
            ranges: Some(ranges.into_iter().collect()),
        }
    }

    /// Erases every element of `list_name`.
    pub fn all(cache_name: impl Into<String>, list_name: impl IntoBytes) -> Self {
        ListEraseRequest {
            cache_name: cache_name.into(),
            list_name: list_name.into_bytes(),
            ranges: None,
        }
    }
}

/// The list's new length, or a miss when there was no list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListEraseResponse {
    /// The list existed.
    Hit {
        /// Its length after the erase.
        list_length: u32,
    },
    /// No list under the key.
    Miss,
}

/// One `(begin_index, count)` range, both fitting the wire's `uint32`.
fn to_wire((begin, count): (usize, usize)) -> CacheResult<wire::ListRange> {
    Ok(wire::ListRange {
        begin_index: fit_u32("ranges", begin)?,
        count: fit_u32("ranges", count)?,
    })
}

impl MomentoRequest for ListEraseRequest {
    type Response = ListEraseResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<ListEraseResponse>> {
        let erase = match self.ranges {
            None => Erase::All(All {}),
            Some(ranges) => Erase::Some(ListRanges {
                ranges: non_empty("ranges", ranges)?
                    .into_iter()
                    .map(to_wire)
                    .collect::<CacheResult<_>>()?,
            }),
        };
        let request = wire::ListEraseRequest {
            list_name: key(NAME, self.list_name)?,
            erase: Some(erase),
        };
        Prepared::unary(
            rpc::LIST_ERASE,
            &self.cache_name,
            request,
            |reply: wire::ListEraseResponse| match reply.list {
                Some(List::Found(found)) => Ok(ListEraseResponse::Hit {
                    list_length: found.list_length,
                }),
                Some(List::Missing(_)) => Ok(ListEraseResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "list-erase answer has no result",
                )),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};

    #[test]
    fn ranges_become_begin_and_count() {
        let (path, request): (_, wire::ListEraseRequest) = sent(&prepare(
            ListEraseRequest::ranges("c", "l", [(1, 2), (5, 0)]),
        ));
        assert_eq!(path, "/cache_client.Scs/ListErase");
        let Some(Erase::Some(ListRanges { ranges })) = request.erase else {
            panic!("expected ranges");
        };
        assert_eq!((ranges[0].begin_index, ranges[0].count), (1, 2));
        assert_eq!((ranges[1].begin_index, ranges[1].count), (5, 0));

        let (_, request): (_, wire::ListEraseRequest) =
            sent(&prepare(ListEraseRequest::all("c", "l")));
        assert_eq!(request.erase, Some(Erase::All(All {})));
    }

    #[test]
    fn bad_ranges() {
        rejected(ListEraseRequest::ranges("c", "l", []), "ranges");
        #[cfg(target_pointer_width = "64")]
        {
            let err = rejected(ListEraseRequest::ranges("c", "l", [(1 << 40, 1)]), "ranges");
            assert!(err.message.contains(&(1usize << 40).to_string()));
            rejected(ListEraseRequest::ranges("c", "l", [(0, 1 << 32)]), "ranges");
        }
    }
}
