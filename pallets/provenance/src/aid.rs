//! Aid distribution: an agency's programme hands each eligible beneficiary one ration per
//! period at distribution points; donors count what reached each point, never who received it.

use alloc::vec::Vec;
use codec::Encode;
use frame_support::{dispatch::DispatchResult, ensure};
use polis_primitives::{
	AnonymityError, AnonymousCredentials, AnonymousProof, CredentialCheck, ScopeCode,
};
use sp_runtime::{
	traits::{BlakeTwo256, Hash, Verify, Zero},
	ArithmeticError,
};

use crate::*;

/// How a beneficiary shows it is entitled to a ration.
pub(crate) enum Claimant<T: Config> {
	/// By name: its account, which signed the claim.
	Named { beneficiary: T::AccountId, proof: T::Signature },
	/// Anonymously: one of the beneficiaries enrolled for anonymous credentials signed it.
	Anonymous(AnonymousProof),
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_open_programme(
		who: T::AccountId,
		class: ClassId,
		district: Option<ScopeCode>,
		ration: u64,
		period: u64,
	) -> DispatchResult {
		let agency = Self::org_with_role(&who, &[Role::AidAgency])?;
		ensure!(Classes::<T>::contains_key(class), Error::<T>::UnknownClass);
		ensure!(ration > 0, Error::<T>::ZeroQuantity);
		ensure!(period > 0, Error::<T>::ZeroPeriod);
		let deposit = Self::hold(&who, T::RecordDeposit::get())?;
		let programme = Self::next_id::<NextProgrammeId<T>, _>()?;
		Programmes::<T>::insert(
			programme,
			AidProgramme {
				agency: agency.clone(),
				class,
				district,
				ration,
				period,
				start: Self::now(),
				closed: false,
				handed_out: Handouts::default(),
				claims_pruned: 0,
				depositor: who,
				deposit,
			},
		);
		Self::deposit_event(Event::ProgrammeOpened { programme, agency, class, district, ration });
		Ok(())
	}

	pub(crate) fn do_close_programme(who: T::AccountId, programme: ProgrammeId) -> DispatchResult {
		let did = T::Credentials::did_of(&who).ok_or(Error::<T>::NoDid)?;
		let mut record = Programmes::<T>::get(programme).ok_or(Error::<T>::UnknownProgramme)?;
		ensure!(record.agency == did, Error::<T>::NotProgrammeAgency);
		ensure!(!record.closed, Error::<T>::ProgrammeClosed);
		record.closed = true;
		Programmes::<T>::insert(programme, record);
		Self::deposit_event(Event::ProgrammeClosed { programme });
		Ok(())
	}

	pub(crate) fn do_hand_out(
		who: T::AccountId,
		did: DidOf<T>,
		programme: ProgrammeId,
		lot: LotId,
		claimant: Claimant<T>,
		context: EventContext,
	) -> DispatchResult {
		let mut record = Programmes::<T>::get(programme).ok_or(Error::<T>::UnknownProgramme)?;
		ensure!(!record.closed, Error::<T>::ProgrammeClosed);
		let point = context.read_point.ok_or(Error::<T>::NoReadPoint)?;
		Self::check_context(&context)?;
		let mut goods = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
		ensure!(goods.custodian == did, Error::<T>::NotCustodian);
		Self::ensure_at_hand(lot, &goods)?;
		ensure!(goods.class == record.class, Error::<T>::WrongClass);
		ensure!(goods.owner == record.agency, Error::<T>::NotProgrammeLot);
		ensure!(!goods.non_conforming, Error::<T>::NonConforming);
		Self::ensure_stay_checked(lot)?;

		let schema = RoleSchemas::<T>::get(Role::Beneficiary).ok_or(Error::<T>::NotEligible)?;
		let period = Self::period_of(&record)?;
		let message = Self::claim_message(programme, period, lot);
		let tag = match claimant {
			Claimant::Named { beneficiary, proof } => {
				let credential =
					T::Credentials::valid_credential(&beneficiary, schema, None, record.district)
						.ok_or(Error::<T>::NotEligible)?;
				ensure!(
					!T::Anonymity::is_enrolled(schema, &credential.subject),
					Error::<T>::ClaimAnonymously
				);
				ensure!(proof.verify(&message[..], &beneficiary), Error::<T>::InvalidClaimProof);
				Self::claim_tag(programme, &credential.subject)
			},
			Claimant::Anonymous(proof) => {
				let period_start = u64::from(period)
					.checked_mul(record.period)
					.and_then(|elapsed| record.start.checked_add(elapsed))
					.ok_or(ArithmeticError::Overflow)?;
				T::Anonymity::verify(
					schema,
					record.district,
					period_start,
					&Self::nullifier_context(programme, period),
					&message,
					&proof,
				)
				.map_err(Self::anonymous_claim_refused)?
			},
		};
		ensure!(!Claims::<T>::contains_key((programme, period), tag), Error::<T>::AlreadyClaimed);

		let quantity = record.ration;
		goods.remaining =
			goods.remaining.checked_sub(quantity).ok_or(Error::<T>::InsufficientQuantity)?;
		if goods.remaining.is_zero() {
			goods.status = LotStatus::Consumed;
			Self::end_stay(lot)?;
		}
		record.handed_out = Self::add_handout(record.handed_out, quantity)?;
		let at_point = Self::add_handout(PointHandouts::<T>::get(programme, point), quantity)?;
		Lots::<T>::insert(lot, goods);
		Programmes::<T>::insert(programme, record);
		PointHandouts::<T>::insert(programme, point, at_point);
		Claims::<T>::insert((programme, period), tag, ());
		Self::record(
			&who,
			did,
			EventKind::Handout { programme, lot, quantity },
			context,
			BizStep::Dispensing,
			Disposition::Dispensed,
			Evidence::new(),
		)?;
		Self::deposit_event(Event::HandedOut { programme, lot, point, quantity });
		Ok(())
	}

	/// Removes up to `limit` claims of a period that is over; returns how many it removed.
	/// Past periods' claims guard nothing: a claim's signature names its period.
	pub(crate) fn do_prune_claims(
		programme: ProgrammeId,
		period: PeriodIndex,
		limit: u32,
	) -> Result<u32, DispatchError> {
		let mut record = Programmes::<T>::get(programme).ok_or(Error::<T>::UnknownProgramme)?;
		ensure!(record.closed || period < Self::period_of(&record)?, Error::<T>::PeriodOpen);
		let tags: Vec<[u8; 32]> =
			Claims::<T>::iter_key_prefix((programme, period)).take(limit as usize).collect();
		ensure!(!tags.is_empty(), Error::<T>::NoClaims);
		for tag in &tags {
			Claims::<T>::remove((programme, period), tag);
		}
		// At most `limit` tags.
		let removed = tags.len() as u32;
		record.claims_pruned =
			record.claims_pruned.checked_add(removed).ok_or(ArithmeticError::Overflow)?;
		Programmes::<T>::insert(programme, record);
		Self::deposit_event(Event::ClaimsPruned { programme, period, removed });
		Ok(removed)
	}

	/// The entitlement period a programme is in now.
	pub(crate) fn period_of(programme: &AidProgramme<T>) -> Result<PeriodIndex, DispatchError> {
		let elapsed = Self::now().saturating_sub(programme.start);
		PeriodIndex::try_from(elapsed / programme.period)
			.map_err(|_| ArithmeticError::Overflow.into())
	}

	/// What a beneficiary signs to receive `programme`'s ration of `period` from `lot`.
	pub fn claim_message(programme: ProgrammeId, period: PeriodIndex, lot: LotId) -> Vec<u8> {
		(AID_CLAIM_CONTEXT, Self::genesis_hash(), programme, period, lot).encode()
	}

	/// The context of a programme's period in which a beneficiary's anonymous claims share
	/// one nullifier: `(AID_NULLIFIER_CONTEXT, genesis hash, programme, period)`, SCALE.
	pub fn nullifier_context(programme: ProgrammeId, period: PeriodIndex) -> Vec<u8> {
		(AID_NULLIFIER_CONTEXT, Self::genesis_hash(), programme, period).encode()
	}

	fn anonymous_claim_refused(error: AnonymityError) -> Error<T> {
		match error {
			AnonymityError::InvalidRing => Error::<T>::InvalidRing,
			AnonymityError::IneligibleMember => Error::<T>::IneligibleRingMember,
			AnonymityError::BadSignature => Error::<T>::InvalidClaimProof,
		}
	}

	/// The key a beneficiary's claims are kept under: a hash of the programme and the DID, so
	/// that the record of a claim does not name the beneficiary and claims in two programmes
	/// cannot be matched by their keys.
	pub(crate) fn claim_tag(programme: ProgrammeId, beneficiary: &DidOf<T>) -> [u8; 32] {
		BlakeTwo256::hash_of(&(programme, beneficiary)).0
	}

	fn add_handout(total: Handouts, quantity: u64) -> Result<Handouts, DispatchError> {
		Ok(Handouts {
			count: total.count.checked_add(1).ok_or(ArithmeticError::Overflow)?,
			quantity: total.quantity.checked_add(quantity).ok_or(ArithmeticError::Overflow)?,
		})
	}

	fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}
}
