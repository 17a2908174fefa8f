//! Properties, rooms and openings one at a time (the REST API's view of a
//! quote's content). Reads come from the rows that are the working copy of
//! each quote's current content. A write changes that content — the
//! quote's request, as the editor would — and saves it with
//! [`Quotes::revise`], so it is validated, priced and versioned exactly like
//! the editor's save: a draft is replaced, a sent quote gets a new version,
//! a confirmed quote refuses (`WrongState`). Every save rewrites the rows,
//! so room and opening ids change with it; the answer carries the new ones.
use domain::{FieldErrors, Opening, QuoteInput, QuoteView, Room};
use store::{OpeningRecord, Placement, PropertyRecord, RoomRecord, User};

use crate::{Quotes, QuotesError, request_of};

/// New values for a room; `openings: None` keeps the room's openings.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomEdit {
    pub name: String,
    pub floor: i32,
    pub openings: Option<Vec<Opening>>,
}

/// Which row a change is about.
enum Target<'a> {
    Property(&'a str),
    Room(&'a str),
    Opening(&'a str),
}

/// The reads below take a permit of the organisation's
/// [`crate::MAX_CONCURRENT_READS_PER_ORG`] (over it: `RateLimited`, retry in 1 s).
impl Quotes {
    /// The organisation's properties (of one customer, when given).
    pub async fn properties(&self, actor: &User, customer_id: Option<&str>) -> Result<Vec<PropertyRecord>, QuotesError> {
        let _permit = self.reads.enter(actor.organization_id.as_str())?;
        Ok(self.db.properties(&actor.organization_id, customer_id).await?)
    }

    pub async fn property_rooms(&self, actor: &User, property_id: &str) -> Result<Vec<RoomRecord>, QuotesError> {
        let _permit = self.reads.enter(actor.organization_id.as_str())?;
        Ok(self.db.property_rooms(&actor.organization_id, property_id).await?)
    }

    pub async fn room(&self, actor: &User, id: &str) -> Result<RoomRecord, QuotesError> {
        let _permit = self.reads.enter(actor.organization_id.as_str())?;
        Ok(self.db.room(&actor.organization_id, id).await?)
    }

    pub async fn room_openings(&self, actor: &User, room_id: &str) -> Result<Vec<OpeningRecord>, QuotesError> {
        let _permit = self.reads.enter(actor.organization_id.as_str())?;
        Ok(self.db.room_openings(&actor.organization_id, room_id).await?)
    }

    pub async fn opening(&self, actor: &User, id: &str) -> Result<OpeningRecord, QuotesError> {
        let _permit = self.reads.enter(actor.organization_id.as_str())?;
        Ok(self.db.opening(&actor.organization_id, id).await?)
    }

    /// Adds a room at the end of the property's quote; the room as saved.
    /// Field errors of the room are named relative to it (`openings[0].width_m`).
    pub async fn add_room(&self, actor: &User, property_id: &str, room: Room) -> Result<RoomRecord, QuotesError> {
        let (placement, _) = self
            .change(actor, Target::Property(property_id), true, |input, _| {
                input.rooms.push(room);
                Ok((input.rooms.len() - 1, None))
            })
            .await?;
        self.saved_room(actor, &placement).await
    }

    /// Renames, moves to another floor and (when given) replaces the openings of a room.
    pub async fn update_room(&self, actor: &User, room_id: &str, edit: RoomEdit) -> Result<RoomRecord, QuotesError> {
        let (placement, _) = self
            .change(actor, Target::Room(room_id), true, |input, at| {
                let i = at.room.unwrap_or_default();
                let room = input.rooms.get_mut(i).ok_or(QuotesError::NotFound)?;
                room.name = edit.name;
                room.floor = edit.floor;
                if let Some(openings) = edit.openings {
                    room.openings = openings;
                }
                Ok((i, None))
            })
            .await?;
        self.saved_room(actor, &placement).await
    }

    /// Removes a room with its openings; the quote as saved.
    pub async fn delete_room(&self, actor: &User, room_id: &str) -> Result<QuoteView, QuotesError> {
        let (_, view) = self
            .change(actor, Target::Room(room_id), false, |input, at| {
                let i = at.room.unwrap_or_default();
                if i >= input.rooms.len() {
                    return Err(QuotesError::NotFound);
                }
                input.rooms.remove(i);
                Ok((i, None))
            })
            .await?;
        Ok(view)
    }

    /// Adds an opening at the end of a room; the opening as saved.
    pub async fn add_opening(&self, actor: &User, room_id: &str, opening: Opening) -> Result<OpeningRecord, QuotesError> {
        let (placement, _) = self
            .change(actor, Target::Room(room_id), true, |input, at| {
                let i = at.room.unwrap_or_default();
                let room = input.rooms.get_mut(i).ok_or(QuotesError::NotFound)?;
                room.openings.push(opening);
                Ok((i, Some(room.openings.len() - 1)))
            })
            .await?;
        self.saved_opening(actor, &placement).await
    }

    /// Replaces an opening; the opening as saved.
    pub async fn update_opening(&self, actor: &User, opening_id: &str, opening: Opening) -> Result<OpeningRecord, QuotesError> {
        let (placement, _) = self
            .change(actor, Target::Opening(opening_id), true, |input, at| {
                let (i, j) = (at.room.unwrap_or_default(), at.opening.unwrap_or_default());
                let slot = input.rooms.get_mut(i).and_then(|r| r.openings.get_mut(j)).ok_or(QuotesError::NotFound)?;
                *slot = opening;
                Ok((i, Some(j)))
            })
            .await?;
        self.saved_opening(actor, &placement).await
    }

    /// Removes an opening; the quote as saved.
    pub async fn delete_opening(&self, actor: &User, opening_id: &str) -> Result<QuoteView, QuotesError> {
        let (_, view) = self
            .change(actor, Target::Opening(opening_id), false, |input, at| {
                let (i, j) = (at.room.unwrap_or_default(), at.opening.unwrap_or_default());
                let room = input.rooms.get_mut(i).filter(|r| j < r.openings.len()).ok_or(QuotesError::NotFound)?;
                room.openings.remove(j);
                Ok((i, Some(j)))
            })
            .await?;
        Ok(view)
    }

    /// Loads the quote `target` belongs to, lets `edit` change its content
    /// (returning the room and opening index the change is about) and saves
    /// it over the version just read. Returns where the changed row now is.
    /// With `relative`, field errors of that room or opening are named
    /// relative to it (what the caller sent); a removal keeps full paths.
    async fn change(
        &self,
        actor: &User,
        target: Target<'_>,
        relative: bool,
        edit: impl FnOnce(&mut QuoteInput, &Placement) -> Result<(usize, Option<usize>), QuotesError>,
    ) -> Result<(Placement, QuoteView), QuotesError> {
        let placement = self.placement(actor, &target).await?;
        let view = self.db.quote(&actor.organization_id, &placement.quote_id).await?;
        // Every save rewrites the rows: if the id still stands for the same
        // place, the content read is the one the id was looked up in.
        if self.placement(actor, &target).await? != placement {
            return Err(QuotesError::Conflict { current: view.document.version });
        }
        let mut request = request_of(&view);
        let (room, opening) = edit(&mut request.input, &placement)?;
        let prefix = match opening {
            Some(j) => format!("rooms[{room}].openings[{j}]."),
            None => format!("rooms[{room}]."),
        };
        let saved = self
            .revise(actor, &placement.quote_id, view.document.version, &request)
            .await
            .map_err(|e| match e {
                QuotesError::Invalid(fields) if relative => QuotesError::Invalid(relative_to(fields, &prefix)),
                other => other,
            })?;
        tracing::info!(quote = %saved.document.number, version = saved.document.version, "quote content changed through a room or opening");
        Ok((Placement { room: Some(room), opening, ..placement }, saved))
    }

    async fn placement(&self, actor: &User, target: &Target<'_>) -> Result<Placement, QuotesError> {
        let org = &actor.organization_id;
        Ok(match target {
            Target::Property(id) => self.db.property_placement(org, id).await?,
            Target::Room(id) => self.db.room_placement(org, id).await?,
            Target::Opening(id) => self.db.opening_placement(org, id).await?,
        })
    }

    async fn saved_room(&self, actor: &User, at: &Placement) -> Result<RoomRecord, QuotesError> {
        Ok(self.db.room_at(&actor.organization_id, &at.property_id, at.room.unwrap_or_default()).await?)
    }

    async fn saved_opening(&self, actor: &User, at: &Placement) -> Result<OpeningRecord, QuotesError> {
        let room = self.saved_room(actor, at).await?;
        room.openings.into_iter().nth(at.opening.unwrap_or_default()).ok_or(QuotesError::NotFound)
    }
}

/// The messages under `prefix` (`rooms[1].openings[0].`) named relative to
/// it (`width_m`); the others keep their full path.
pub fn relative_to(fields: FieldErrors, prefix: &str) -> FieldErrors {
    FieldErrors(
        fields
            .0
            .into_iter()
            .map(|(path, message)| match path.strip_prefix(prefix) {
                Some(rest) => (rest.to_owned(), message),
                None => (path, message),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_of_the_changed_part_are_named_relative_to_it() {
        let mut fields = FieldErrors::new();
        fields.add("rooms[1].openings[0].width_m", "must be greater than 0");
        fields.add("rooms[1].openings[10].sku", "unknown");
        fields.add("contact.phone", "bad");
        let relative = relative_to(fields, "rooms[1].openings[0].");
        assert_eq!(relative.get("width_m"), Some("must be greater than 0"));
        assert_eq!(relative.get("rooms[1].openings[10].sku"), Some("unknown"), "another opening keeps its path");
        assert_eq!(relative.get("contact.phone"), Some("bad"));
    }
}
