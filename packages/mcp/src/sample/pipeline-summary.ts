import { fromJsonSchema, type McpServer } from '@modelcontextprotocol/server';
import { DEAL_STAGES, type Deal, type DealStage } from './crm-seed.js';
import { strictObject } from './crm-schemas.js';
import type { CrmStore } from './crm-store.js';
import { structuredResult } from './tool-results.js';

export const PIPELINE_SUMMARY_URI = 'crm://pipeline/summary';

/** Win probability per stage, as a sales team would configure it; weights the forecast. */
const STAGE_PROBABILITY: Record<DealStage, number> = {
  prospecting: 0.1,
  qualification: 0.25,
  proposal: 0.5,
  negotiation: 0.75,
  closed_won: 1,
  closed_lost: 0,
};

const OPEN_STAGES = new Set<DealStage>(['prospecting', 'qualification', 'proposal', 'negotiation']);

export interface PipelineSummary {
  [key: string]: unknown;
  currency: 'USD';
  openDeals: number;
  openValue: number;
  weightedValue: number;
  byStage: Array<{ stage: DealStage; deals: number; value: number }>;
}

export function summarizePipeline(deals: Deal[]): PipelineSummary {
  const open = deals.filter((deal) => OPEN_STAGES.has(deal.stage));
  const sum = (items: Deal[], weight: (deal: Deal) => number = () => 1): number =>
    Math.round(items.reduce((total, deal) => total + deal.amount * weight(deal), 0));
  return {
    currency: 'USD',
    openDeals: open.length,
    openValue: sum(open),
    weightedValue: sum(open, (deal) => STAGE_PROBABILITY[deal.stage]),
    byStage: DEAL_STAGES.map((stage) => {
      const inStage = deals.filter((deal) => deal.stage === stage);
      return { stage, deals: inStage.length, value: sum(inStage) };
    }),
  };
}

const SUMMARY_SCHEMA = strictObject({
  currency: { type: 'string', const: 'USD' },
  openDeals: { type: 'integer' },
  openValue: { type: 'integer', description: 'Sum of open deal amounts.' },
  weightedValue: { type: 'integer', description: 'Open value weighted by stage probability.' },
  byStage: {
    type: 'array',
    items: strictObject({
      stage: { type: 'string', enum: [...DEAL_STAGES] },
      deals: { type: 'integer' },
      value: { type: 'integer' },
    }),
  },
});

/** The same numbers twice: as a tool for agents, and as a resource for clients that attach it. */
export function registerPipelineSummary(server: McpServer, store: CrmStore): void {
  server.registerTool(
    'get_pipeline_summary',
    {
      title: 'Pipeline summary',
      description:
        'Summarize the sales pipeline: open deals, their total and stage-weighted value, and ' +
        'counts per stage.',
      inputSchema: fromJsonSchema<Record<string, never>>(strictObject({})),
      outputSchema: fromJsonSchema(SUMMARY_SCHEMA),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () => structuredResult(summarizePipeline(store.allDeals())),
  );

  server.registerResource(
    'pipeline-summary',
    PIPELINE_SUMMARY_URI,
    {
      title: 'Pipeline summary',
      description: 'Current sales pipeline totals as JSON (same data as get_pipeline_summary).',
      mimeType: 'application/json',
    },
    (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: JSON.stringify(summarizePipeline(store.allDeals()), null, 2),
        },
      ],
    }),
  );
}
