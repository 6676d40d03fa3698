/** A tenant subscription as `GET /subscribedSkus` returns it, less the fields derived from the users (consumedUnits). */
export interface SubscribedSkuRecord {
  skuId: string;
  skuPartNumber: string;
  prepaidEnabled: number;
  subscriptionId: string;
  servicePlans: readonly { servicePlanId: string; servicePlanName: string }[];
}

const EXCHANGE = { servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' };
const SHAREPOINT = { servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72', servicePlanName: 'SHAREPOINTENTERPRISE' };
const TEAMS = { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1' };
const ENTRA_P1 = { servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d', servicePlanName: 'AAD_PREMIUM' };
const ENTRA_P2 = { servicePlanId: 'eec0eb4f-6444-4f95-aba0-50c24d67f998', servicePlanName: 'AAD_PREMIUM_P2' };
const INTUNE = { servicePlanId: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5', servicePlanName: 'INTUNE_A' };

/** Microsoft's published SKU ids ("Product names and service plan identifiers for licensing"). */
export const SKU_IDS = {
  office365E3: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  ems: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
  microsoft365E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
} as const;

/** The demo tenant's subscriptions; a generated tenant gets enough seats for all its users. */
export function contosoSubscriptions(userCount: number): SubscribedSkuRecord[] {
  const seats = Math.max(25, userCount);
  return [
    { skuId: SKU_IDS.office365E3, skuPartNumber: 'ENTERPRISEPACK', prepaidEnabled: seats, subscriptionId: 'c0a70c00-0000-4000-8000-000000000001', servicePlans: [EXCHANGE, SHAREPOINT, TEAMS] },
    { skuId: SKU_IDS.ems, skuPartNumber: 'EMS', prepaidEnabled: seats, subscriptionId: 'c0a70c00-0000-4000-8000-000000000002', servicePlans: [ENTRA_P1, INTUNE] },
    { skuId: SKU_IDS.microsoft365E5, skuPartNumber: 'SPE_E5', prepaidEnabled: 10, subscriptionId: 'c0a70c00-0000-4000-8000-000000000003', servicePlans: [EXCHANGE, SHAREPOINT, TEAMS, ENTRA_P1, ENTRA_P2, INTUNE] },
  ];
}
