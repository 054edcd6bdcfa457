//! The registry's invariants, checked by `try_state` and the tests.

use super::*;
use alloc::collections::{BTreeMap, BTreeSet};
use frame_support::traits::fungible::InspectHold;

impl<T: Config> Pallet<T> {
	/// The pallet's invariants (listed in the pallet's README): batches account for every
	/// tonne and serial, reports, tallies and parcel lists match their projects, retirement
	/// totals match the certificates, and deposits held match the records.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut held = BTreeMap::<BatchId, u64>::new();
		for (_, batch, tonnes) in Credits::<T>::iter() {
			ensure!(tonnes > 0, "a holder's credits are recorded as zero");
			*held.entry(batch).or_default() += tonnes;
		}
		for (_, listing) in Listings::<T>::iter() {
			ensure!(listing.tonnes > 0, "a listing offers no credits");
			*held.entry(listing.batch).or_default() += listing.tonnes;
		}
		let mut ranges = alloc::vec::Vec::new();
		for (id, batch) in Batches::<T>::iter() {
			let accounted = held
				.get(&id)
				.copied()
				.unwrap_or(0)
				.checked_add(batch.retired)
				.and_then(|sum| sum.checked_add(batch.cancelled))
				.and_then(|sum| sum.checked_add(batch.buffer));
			ensure!(
				accounted == Some(batch.issued),
				"a batch's credits do not add up to its issuance"
			);
			ensure!(
				batch.consumed + batch.buffer_cancelled == batch.retired + batch.cancelled
					&& batch.consumed + batch.buffer + batch.buffer_cancelled <= batch.issued,
				"a batch's serials taken do not match its retirements and cancellations"
			);
			ensure!(
				Projects::<T>::contains_key(batch.project)
					&& ProjectBatches::<T>::contains_key(batch.project, id),
				"a batch's project is unknown, or does not list it"
			);
			ranges.push((batch.first_serial, batch.issued));
		}
		ranges.sort_unstable();
		ensure!(
			ranges.windows(2).all(|pair| pair[0].0 + pair[0].1 <= pair[1].0)
				&& ranges.last().is_none_or(|last| last.0 + last.1 <= NextSerial::<T>::get()),
			"batches' serials overlap"
		);

		for (parcel, projects) in ParcelProjects::<T>::iter() {
			ensure!(
				projects.iter().all(|id| {
					Projects::<T>::get(id).is_some_and(|project| {
						project.status != ProjectStatus::Ended && project.parcels.contains(&parcel)
					})
				}),
				"a parcel lists a project that does not stand on it"
			);
		}
		for (registry, external_id, project) in ExternalProjects::<T>::iter() {
			let record = Projects::<T>::get(project).ok_or("a bridged project is unknown")?;
			ensure!(
				record.external == Some(ExternalProject { registry_id: registry, id: external_id })
					&& record.parcels.is_empty(),
				"a bridged project's record does not match its external project"
			);
		}
		ensure!(
			Projects::<T>::iter().filter(|(_, record)| record.external.is_some()).count()
				== ExternalProjects::<T>::iter().count(),
			"a project is bridged but not listed"
		);
		for registry in ExternalRegistries::<T>::iter_keys() {
			let mut previous_last: Option<u64> = None;
			for (key, range) in AdmittedRanges::<T>::iter_prefix(registry) {
				let last = u64::from_be_bytes(key);
				ensure!(
					range.first <= last && previous_last.is_none_or(|before| before < range.first),
					"admitted ranges overlap"
				);
				let batch =
					Batches::<T>::get(range.batch).ok_or("an admitted range's batch is unknown")?;
				let bridged = Projects::<T>::get(batch.project)
					.and_then(|project| project.external)
					.is_some_and(|external| external.registry_id == registry);
				ensure!(
					bridged && batch.issued == last - range.first + 1 && batch.buffer == 0,
					"an admitted range does not match its batch"
				);
				previous_last = Some(last);
			}
		}
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, project) in Projects::<T>::iter() {
			ensure!(
				project.status == ProjectStatus::Ended
					|| project
						.parcels
						.iter()
						.all(|parcel| ParcelProjects::<T>::get(parcel).contains(&id)),
				"a project is missing from its parcels' lists"
			);
			let tally = project.metered;
			ensure!(
				(tally.wh > 0) == tally.period.is_some()
					&& tally.period.is_none_or(|(start, end)| start < end),
				"a metered tally's Wh and period disagree"
			);
			let metered = Methodologies::<T>::get(project.methodology).is_some_and(|m| m.metered);
			ensure!(
				metered || tally == MeteredTally::default(),
				"a project credited from reports has a metered tally"
			);
			deposits
				.entry(project.developer.clone())
				.or_default()
				.saturating_accrue(project.deposit);
			if let Some(report) = project.pending_report {
				let claim = Reports::<T>::get(report).ok_or("a pending report is unknown")?;
				ensure!(claim.project == id, "a pending report is of another project");
				ensure!(
					matches!(claim.evidence, Evidence::Metered { .. }) == metered,
					"a report's evidence does not match its methodology"
				);
				deposits
					.entry(project.developer.clone())
					.or_default()
					.saturating_accrue(claim.deposit);
			}
		}
		ensure!(
			Reports::<T>::iter().all(|(id, claim)| {
				Projects::<T>::get(claim.project).is_some_and(|p| p.pending_report == Some(id))
			}),
			"a report is not its project's pending report"
		);
		let mut per_inventory = BTreeMap::<(InventoryId, ProjectId), u64>::new();
		let mut per_year = BTreeMap::<(u16, ProjectId), u64>::new();
		let mut per_beneficiary = BTreeMap::<(u16, H256), u64>::new();
		for (_, retirement) in Retirements::<T>::iter() {
			let project = Batches::<T>::get(retirement.batch)
				.ok_or("a retirement's batch is unknown")?
				.project;
			let claim = &retirement.claim;
			let year = year_of(claim.period_start);
			if let Some(inventory) = claim.inventory {
				*per_inventory.entry((inventory, project)).or_default() += retirement.tonnes;
			}
			*per_year.entry((year, project)).or_default() += retirement.tonnes;
			*per_beneficiary
				.entry((year, Self::beneficiary_key(&claim.beneficiary)))
				.or_default() += retirement.tonnes;
			deposits.entry(retirement.owner).or_default().saturating_accrue(retirement.deposit);
		}
		ensure!(
			InventoryRetired::<T>::iter()
				.map(|(inventory, project, tonnes)| ((inventory, project), tonnes))
				.collect::<BTreeMap<_, _>>()
				== per_inventory,
			"an inventory's totals do not match its retirements"
		);
		for (_, listing) in Listings::<T>::iter() {
			deposits.entry(listing.seller).or_default().saturating_accrue(listing.deposit);
		}
		for (id, inventory) in Inventories::<T>::iter() {
			ensure!(
				InventoryRetired::<T>::iter_prefix_values(id).sum::<u64>() == inventory.tonnes,
				"an inventory's tonnes do not add up its projects'"
			);
			deposits.entry(inventory.owner).or_default().saturating_accrue(inventory.deposit);
		}
		ensure!(
			RetiredByYear::<T>::iter()
				.map(|(year, project, tonnes)| ((year, project), tonnes))
				.collect::<BTreeMap<_, _>>()
				== per_year,
			"the totals per year and project do not match the retirements"
		);
		ensure!(
			YearRetired::<T>::iter().all(|(year, tonnes)| {
				RetiredByYear::<T>::iter_prefix_values(year).sum::<u64>() == tonnes
			}) && YearRetired::<T>::iter().count()
				== per_year.keys().map(|(year, _)| year).collect::<BTreeSet<_>>().len(),
			"a year's total does not add up its projects'"
		);
		ensure!(
			RetiredByBeneficiary::<T>::iter()
				.map(|(year, beneficiary, tonnes)| ((year, beneficiary), tonnes))
				.collect::<BTreeMap<_, _>>()
				== per_beneficiary,
			"the totals per year and beneficiary do not match the retirements"
		);
		for (who, amount) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Deposit.into(), &who) == amount,
				"deposits held do not match the records"
			);
		}
		Ok(())
	}
}
