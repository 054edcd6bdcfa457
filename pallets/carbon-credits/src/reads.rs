//! What the runtime API reads: a project with its batches, a holder's credits, a retirement
//! certificate, pledge inventories and retirement totals per year, beneficiary and project.

use super::*;
use polis_primitives::{page, MAX_PAGE};

impl<T: Config> Pallet<T> {
	fn batch_view(id: BatchId) -> Option<BatchView> {
		let batch = Batches::<T>::get(id)?;
		Some(BatchView {
			id,
			name: Self::batch_name(&batch),
			issued: batch.issued,
			first_serial: batch.first_serial,
			retired: batch.retired,
			cancelled: batch.cancelled,
			buffer: batch.buffer,
		})
	}

	/// A project with (up to `MAX_PAGE` of) its batches.
	pub fn project_view(id: ProjectId) -> Option<ProjectView<T::AccountId>> {
		let project = Projects::<T>::get(id)?;
		let batches = ProjectBatches::<T>::iter_key_prefix(id)
			.take(MAX_PAGE as usize)
			.filter_map(Self::batch_view)
			.collect();
		Some(ProjectView {
			developer: project.developer,
			methodology: project.methodology,
			parcels: project.parcels.into_inner(),
			status: project.status,
			issued_until: project.issued_until,
			pending_report: project.pending_report,
			metered: project.metered,
			review: project.review,
			external: project
				.external
				.map(|external| (external.registry_id, external.id.into_inner())),
			batches,
		})
	}

	/// A page of `who`'s credits by batch.
	pub fn holdings_of(
		who: &T::AccountId,
		start_after: Option<BatchId>,
		limit: u32,
	) -> Vec<(BatchId, u64)> {
		page(
			start_after,
			limit,
			|| Credits::<T>::iter_prefix(who),
			|last| Credits::<T>::iter_prefix_from(who, Credits::<T>::hashed_key_for(who, last)),
		)
		.collect()
	}

	/// A retirement certificate.
	pub fn retirement_view(
		id: RetirementId,
	) -> Option<RetirementView<T::AccountId, BlockNumberFor<T>>> {
		let retirement = Retirements::<T>::get(id)?;
		let batch_name = Self::batch_name(&Batches::<T>::get(retirement.batch)?);
		let claim = retirement.claim;
		Some(RetirementView {
			owner: retirement.owner,
			batch: retirement.batch,
			batch_name,
			tonnes: retirement.tonnes,
			first_serial: retirement.first_serial,
			beneficiary: claim.beneficiary.into_inner(),
			reason: claim.reason.into_inner(),
			jurisdiction: claim.jurisdiction.into_inner(),
			period_start: claim.period_start,
			period_end: claim.period_end,
			inventory: claim.inventory,
			retired_at: retirement.retired_at,
		})
	}

	/// A pledge inventory with (up to `MAX_PAGE` of) its tonnes by project.
	pub fn inventory_view(id: InventoryId) -> Option<InventoryView<T::AccountId>> {
		let inventory = Inventories::<T>::get(id)?;
		Some(InventoryView {
			owner: inventory.owner,
			name: inventory.name.into_inner(),
			year: inventory.year,
			tonnes: inventory.tonnes,
			by_project: InventoryRetired::<T>::iter_prefix(id).take(MAX_PAGE as usize).collect(),
		})
	}

	/// Tonnes retired for consumption in `year`, in all and by project (up to `MAX_PAGE`).
	pub fn year_totals(year: u16) -> YearTotals {
		let by_project: Vec<(ProjectId, u64)> =
			RetiredByYear::<T>::iter_prefix(year).take(MAX_PAGE as usize).collect();
		YearTotals { tonnes: YearRetired::<T>::get(year), by_project }
	}

	/// Tonnes retired for consumption in `year` naming `beneficiary`.
	pub fn beneficiary_total(year: u16, beneficiary: &[u8]) -> u64 {
		RetiredByBeneficiary::<T>::get(year, Self::beneficiary_key(beneficiary))
	}
}
