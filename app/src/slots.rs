//! Work in flight per user, bounded: uploads (two each) and password changes (one each). Beyond the bound
//! a request is refused at once (429) instead of queueing for a scarce resource (disk, Argon2 permits).
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

#[derive(Debug)]
pub struct Slots {
    per_user: usize,
    taken: Mutex<HashMap<String, usize>>,
}

/// Holds one slot; frees it on drop.
pub struct Slot {
    slots: Arc<Slots>,
    user: String,
}

impl Slots {
    pub fn new(per_user: usize) -> Arc<Self> {
        Arc::new(Slots {
            per_user,
            taken: Mutex::default(),
        })
    }

    /// A slot for `user` (an agent's or contact's key), or None when all of theirs are taken.
    pub fn try_take(self: &Arc<Self>, user: &str) -> Option<Slot> {
        let mut map = self.taken.lock().unwrap_or_else(|p| p.into_inner());
        let n = map.entry(user.to_string()).or_default();
        if *n >= self.per_user {
            return None;
        }
        *n += 1;
        Some(Slot {
            slots: self.clone(),
            user: user.to_string(),
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut map = self.slots.taken.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = map.get_mut(&self.user) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.user);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_user_has_their_own_slots() {
        let slots = Slots::new(2);
        let a = slots.try_take("agent:1");
        let b = slots.try_take("agent:1");
        assert!(a.is_some() && b.is_some());
        assert!(
            slots.try_take("agent:1").is_none(),
            "a third waits for one to finish"
        );
        assert!(
            slots.try_take("agent:2").is_some(),
            "others are not affected"
        );
        drop(a);
        assert!(slots.try_take("agent:1").is_some());
    }
}
