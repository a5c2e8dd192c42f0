import { ResourceTemplate } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { ExampleServerDefinition } from './exampleServer';
import { ToolInputError, defineTool, jsonResult } from './exampleTool';

interface Ticket {
  id: string;
  customerEmail: string;
  subject: string;
  status: 'open' | 'pending' | 'closed';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  comments: { author: string; text: string; internal: boolean }[];
  resolution?: string;
}

const articles = [
  {
    id: 'refund-policy',
    title: 'Refund policy',
    body: 'Refunds are possible within 30 days of purchase.',
  },
  {
    id: 'reset-password',
    title: 'Resetting a password',
    body: 'Use "Forgot password" on the sign-in page.',
  },
  {
    id: 'sso-setup',
    title: 'Setting up SSO',
    body: 'Enterprise plans support SAML and OIDC.',
  },
];

// Mirrored into the Mcp-Param-Ticket header by 2026-07-28 clients, so a gateway can log and
// route per ticket without reading request bodies.
const ticketIdSchema = z
  .string()
  .describe('Ticket id, e.g. "T-2001"')
  .meta({ 'x-mcp-header': 'Ticket' });

/** Customer support tickets and knowledge base, owned by customer success. */
export function createSupportDesk(): ExampleServerDefinition {
  const subjects = [
    'Cannot sign in',
    'Refund request',
    'Invoice is wrong',
    'SSO setup help',
    'Export is slow',
    'Double charge',
  ];
  const tickets: Ticket[] = subjects.flatMap((subject, i) =>
    [0, 1, 2].map(j => ({
      id: `T-${2000 + i * 3 + j}`,
      customerEmail: `customer${i * 3 + j}@example.com`,
      subject,
      status: (['open', 'pending', 'closed'] as const)[(i + j) % 3],
      priority: (['low', 'normal', 'high', 'urgent'] as const)[(i * j) % 4],
      comments: [],
    })),
  );
  const findTicket = (ticketId: string) => {
    const ticket = tickets.find(t => t.id === ticketId);
    if (!ticket)
      throw new ToolInputError(
        `Ticket ${ticketId} not found; ticket ids look like "T-2001".`,
      );
    return ticket;
  };

  return {
    name: 'support-desk',
    title: 'Support desk',
    version: '2.1.0',
    team: 'customer-success',
    revisions: ['2026-07-28', '2025-11-25'],
    sse: true,
    instructions:
      'Search and update customer support tickets. Never paste internal comments into customer replies.',
    tools: [
      defineTool({
        name: 'search_tickets',
        title: 'Search tickets',
        description:
          'Full-text search over ticket subjects, filtered by status and priority.',
        inputSchema: {
          query: z
            .string()
            .max(200)
            .describe('Words to look for in the subject; empty matches all'),
          status: z.enum(['open', 'pending', 'closed']).optional(),
          priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
          limit: z.number().int().min(1).max(50).default(10),
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
        handler: ({ query, status, priority, limit }) => {
          const words = query.toLowerCase().split(/\s+/).filter(Boolean);
          const hits = tickets.filter(
            t =>
              (!status || t.status === status) &&
              (!priority || t.priority === priority) &&
              words.every(w => t.subject.toLowerCase().includes(w)),
          );
          return jsonResult({
            total: hits.length,
            tickets: hits.slice(0, limit).map(({ comments, ...t }) => t),
          });
        },
      }),
      defineTool({
        name: 'get_ticket',
        title: 'Get ticket',
        description: 'Returns a ticket with its comments.',
        inputSchema: {
          ticketId: ticketIdSchema,
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
        handler: ({ ticketId }) => jsonResult({ ticket: findTicket(ticketId) }),
      }),
      defineTool({
        name: 'create_ticket',
        title: 'Create ticket',
        description: 'Opens a ticket on behalf of a customer.',
        inputSchema: {
          customerEmail: z.email(),
          subject: z.string().min(3).max(200),
          body: z.string().min(1).max(10000),
          priority: z
            .enum(['low', 'normal', 'high', 'urgent'])
            .default('normal'),
        },
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: false,
          openWorldHint: false,
        },
        handler: ({ customerEmail, subject, body, priority }) => {
          const ticket: Ticket = {
            id: `T-${2000 + tickets.length}`,
            customerEmail,
            subject,
            status: 'open',
            priority,
            comments: [{ author: customerEmail, text: body, internal: false }],
          };
          tickets.push(ticket);
          return jsonResult({ ticket });
        },
      }),
      defineTool({
        name: 'add_ticket_comment',
        title: 'Comment on a ticket',
        description:
          'Adds a comment; internal comments are visible to agents only.',
        inputSchema: {
          ticketId: ticketIdSchema,
          text: z.string().min(1).max(10000),
          internal: z
            .boolean()
            .default(true)
            .describe('Hide the comment from the customer'),
        },
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: false,
          openWorldHint: false,
        },
        handler: ({ ticketId, text, internal }) => {
          const ticket = findTicket(ticketId);
          ticket.comments.push({ author: 'agent', text, internal });
          return jsonResult({ ticketId, comments: ticket.comments.length });
        },
      }),
      defineTool({
        name: 'close_ticket',
        title: 'Close ticket',
        description:
          'Closes a ticket with a resolution; the customer is notified and cannot reopen it.',
        inputSchema: {
          ticketId: ticketIdSchema,
          resolution: z.string().min(5).max(2000),
        },
        annotations: {
          readOnlyHint: false,
          destructiveHint: true,
          idempotentHint: true,
          openWorldHint: true,
        },
        handler: ({ ticketId, resolution }) => {
          const ticket = findTicket(ticketId);
          ticket.status = 'closed';
          ticket.resolution = resolution;
          return jsonResult({ ticketId, status: ticket.status });
        },
      }),
    ],
    registerExtras: server => {
      server.registerResource(
        'kb-article',
        new ResourceTemplate('kb://articles/{id}', {
          list: async () => ({
            resources: articles.map(a => ({
              uri: `kb://articles/${a.id}`,
              name: a.id,
              title: a.title,
              mimeType: 'text/markdown',
            })),
          }),
        }),
        { title: 'Knowledge base article', mimeType: 'text/markdown' },
        async (uri, { id }) => {
          const article = articles.find(a => a.id === id);
          if (!article) throw new Error(`No article ${String(id)}`);
          return {
            contents: [
              {
                uri: uri.href,
                mimeType: 'text/markdown',
                text: `# ${article.title}\n\n${article.body}`,
              },
            ],
          };
        },
      );
      server.registerPrompt(
        'draft_customer_reply',
        {
          title: 'Draft a customer reply',
          description: 'Drafts a friendly reply to a ticket',
          argsSchema: z.object({
            ticketId: z.string().describe('Ticket id, e.g. "T-2001"'),
            tone: z.enum(['formal', 'friendly']).optional(),
          }),
        },
        ({ ticketId, tone }) => ({
          messages: [
            {
              role: 'user',
              content: {
                type: 'text',
                text: `Read ticket ${ticketId} with get_ticket and draft a ${
                  tone ?? 'friendly'
                } reply without internal comments.`,
              },
            },
          ],
        }),
      );
    },
  };
}
