// /api/agents/{id}/tools (tool assignments with config_override) and /api/agents/{id}/mcp-servers (CRUD and
// live tool discovery). Service role only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { raise } from '../../errors.ts';
import { assignTool, listAssignments, unassignTool, updateAssignment } from '../../tools/assignments.ts';
import { discoverTools } from '../../tools/mcp/client.ts';
import { createMcpServer, deleteMcpServer, getMcpServer, listMcpServers, updateMcpServer } from '../../tools/mcp/servers.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Body: unknown }>;
const obj = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, unknown> : {});
const DISCOVERY_MS = 10_000;

export function agentToolRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/agents/:id/tools', async (req: Req) => listAssignments(ctx, req.params.id));
  app.post('/agents/:id/tools', async (req: Req, reply) => reply.code(201).send(await assignTool(ctx, req.params.id, obj(req.body))));
  app.patch('/agents/:id/tools/:aid', async (req: Req) => updateAssignment(ctx, req.params.id, req.params.aid, obj(req.body)));
  app.delete('/agents/:id/tools/:aid', async (req: Req) => unassignTool(ctx, req.params.id, req.params.aid));

  app.get('/agents/:id/mcp-servers', async (req: Req) => listMcpServers(ctx, req.params.id));
  app.post('/agents/:id/mcp-servers', async (req: Req, reply) => reply.code(201).send(await createMcpServer(ctx, req.params.id, obj(req.body))));
  app.put('/agents/:id/mcp-servers/:sid', async (req: Req) => updateMcpServer(ctx, req.params.id, req.params.sid, obj(req.body)));
  app.delete('/agents/:id/mcp-servers/:sid', async (req: Req) => deleteMcpServer(ctx, req.params.id, req.params.sid));
  app.get('/agents/:id/mcp-servers/:sid/tools', async (req: Req) => {
    const s = await getMcpServer(ctx, req.params.id, req.params.sid);
    try {
      const tools = await discoverTools(ctx, s, Math.min(ctx.config.tools.timeoutMs, DISCOVERY_MS));
      return { tools: tools.map((t) => ({ name: t.name, description: t.description ?? null, input_schema: t.inputSchema, annotations: t.annotations ?? {} })) };
    } catch (e) {
      throw raise('mcp_failed', `MCP server ${s.name} failed: ${(e as Error).message}`);
    }
  });
}
