//! Bridged credits: external projects brought in by their registry's bridge account, and
//! ranges of their serials admitted once.

use super::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_bridge_project(
		who: T::AccountId,
		registry: RegistryId,
		external_id: BoundedVec<u8, T::MaxTextLen>,
		methodology: MethodologyId,
		document_hash: H256,
	) -> DispatchResult {
		Self::ensure_bridge(&who, registry)?;
		ensure!(Methodologies::<T>::contains_key(methodology), Error::<T>::UnknownMethodology);
		ensure!(
			!ExternalProjects::<T>::contains_key(registry, &external_id),
			Error::<T>::AlreadyBridged
		);
		let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
		let deposit = T::Deposit::get();
		T::Currency::hold(&HoldReason::Deposit.into(), &who, deposit)?;
		let project = Self::next_id::<NextProjectId<T>, _>()?;
		ExternalProjects::<T>::insert(registry, &external_id, project);
		Projects::<T>::insert(
			project,
			Project {
				developer: who,
				did,
				methodology,
				parcels: Default::default(),
				document_hash,
				status: ProjectStatus::Registered,
				validator: None,
				issued_until: 0,
				pending_report: None,
				batches: 0,
				metered: MeteredTally::default(),
				review: None,
				external: Some(ExternalProject { registry_id: registry, id: external_id.clone() }),
				deposit,
			},
		);
		Self::deposit_event(Event::ProjectBridged { project, registry_id: registry, external_id });
		Ok(())
	}

	pub(crate) fn do_import_credits(
		who: T::AccountId,
		project: ProjectId,
		(first_external_serial, tonnes): (u64, u64),
		(vintage_start, vintage_end): (u64, u64),
		evidence_hash: H256,
	) -> DispatchResult {
		let mut record = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
		let registry = record.external.as_ref().ok_or(Error::<T>::NotBridged)?.registry_id;
		Self::ensure_bridge(&who, registry)?;
		ensure!(record.developer == who, Error::<T>::NotTheBridge);
		ensure!(record.status == ProjectStatus::Registered, Error::<T>::WrongStatus);
		ensure!(tonnes > 0, Error::<T>::ZeroTonnes);
		ensure!(
			vintage_start < vintage_end && vintage_end <= Self::now_ms(),
			Error::<T>::InvalidPeriod
		);
		let last =
			first_external_serial.checked_add(tonnes - 1).ok_or(ArithmeticError::Overflow)?;
		ensure!(
			Self::overlapping_range(registry, first_external_serial, last).is_none(),
			Error::<T>::SerialsAlreadyBridged
		);
		let (batch, _, first_serial) =
			Self::issue_batch(project, &mut record, (vintage_start, vintage_end), tonnes, 0)?;
		AdmittedRanges::<T>::insert(
			registry,
			last.to_be_bytes(),
			AdmittedRange { first: first_external_serial, batch },
		);
		Projects::<T>::insert(project, record);
		Self::deposit_event(Event::CreditsBridged {
			batch,
			registry_id: registry,
			first_external_serial,
			tonnes,
			first_serial,
			evidence_hash,
		});
		Ok(())
	}

	/// The range admitted from `registry` that overlaps `[first, last]`, if any: ranges do not
	/// overlap and are keyed by their last serial, so only the first one ending at `first` or
	/// later can.
	pub fn overlapping_range(registry: RegistryId, first: u64, last: u64) -> Option<AdmittedRange> {
		let (_, candidate) = match first.checked_sub(1) {
			Some(before) => AdmittedRanges::<T>::iter_prefix_from(
				registry,
				AdmittedRanges::<T>::hashed_key_for(registry, before.to_be_bytes()),
			)
			.next(),
			None => AdmittedRanges::<T>::iter_prefix(registry).next(),
		}?;
		(candidate.first <= last).then_some(candidate)
	}

	fn ensure_bridge(who: &T::AccountId, registry: RegistryId) -> DispatchResult {
		let external = ExternalRegistries::<T>::get(registry).ok_or(Error::<T>::UnknownRegistry)?;
		ensure!(external.bridge == *who, Error::<T>::NotTheBridge);
		Ok(())
	}
}
