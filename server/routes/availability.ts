import { AvailabilitySettings, VisitorContactBody, VisitorContactResponse, WidgetConfig, WidgetConfigQuery } from '../../shared/schemas/availability.js';
import { SiteKeyParams, VisitorTokenHeaders } from '../../shared/schemas/chat.js';
import { errorResponses, IdParams } from '../../shared/schemas/common.js';
import { requireActor } from '../auth/authenticate.js';
import { getAvailability, loadWidgetConfig, saveAvailability, setVisitorContact } from '../commands/availability.js';
import { presentVisitorContact, presentWidgetConfig } from '../presenters/availability.js';
import { commandContext } from '../commands/context.js';
import { preparePublicRoutes, publicRouteConfig } from './public.js';
import type { App } from '../types.js';

/** Business hours, the away message, and what the widget learns from them. See docs/API-AVAILABILITY.md. */
export default async function availabilityRoutes(app: App) {
  await app.register(ownerAvailabilityRoutes);
  await app.register(widgetAvailabilityRoutes);
}

async function ownerAvailabilityRoutes(app: App) {
  const { db } = app;
  app.addHook('onRequest', requireActor);

  app.get('/api/settings/availability', {
    schema: {
      operationId: 'getAvailability',
      summary: 'Business hours, time zone and away message of the workspace',
      tags: ['accounts'],
      response: { 200: AvailabilitySettings, ...errorResponses(401) },
    },
  }, async (request) => getAvailability(db, request.actor));

  app.put('/api/settings/availability', {
    schema: {
      operationId: 'updateAvailability',
      summary: 'Replace the business hours, time zone and away message',
      tags: ['accounts'],
      description: 'Empty `hours` = always within hours. Unknown time zone, or a range whose `to` is not after its `from` → 422.',
      body: AvailabilitySettings,
      response: { 200: AvailabilitySettings, ...errorResponses(400, 401, 403, 422) },
    },
  }, async (request) => saveAvailability(db, request.actor, request.body));
}

async function widgetAvailabilityRoutes(app: App) {
  const { db } = app;
  preparePublicRoutes(app);

  app.get('/api/widget/:siteKey/config', {
    schema: {
      operationId: 'getWidgetConfig',
      summary: 'Whether the team is online, the away message, and whether to ask for an email',
      tags: ['widget'],
      security: [],
      description: '`online`: within business hours and a teammate has the dashboard open. `askEmail`: not online and the conversation (named by `conversationId` with X-Visitor-Token) has no email yet.',
      params: SiteKeyParams,
      querystring: WidgetConfigQuery,
      headers: VisitorTokenHeaders,
      response: { 200: WidgetConfig, ...errorResponses(404, 422, 429) },
    },
    config: publicRouteConfig(app),
  }, async (request) => {
    const { conversationId } = request.query;
    const conversation = conversationId ? { id: conversationId, token: request.headers['x-visitor-token'] } : undefined;
    return presentWidgetConfig(await loadWidgetConfig(db, app.presence, request.params.siteKey, conversation));
  });

  app.patch('/api/widget/conversations/:id', {
    schema: {
      operationId: 'updateVisitorContact',
      summary: "Store the visitor's name and email on their conversation",
      tags: ['widget'],
      security: [],
      description: 'With X-Visitor-Token. A bad email → 422; an empty name clears it.',
      params: IdParams,
      headers: VisitorTokenHeaders,
      body: VisitorContactBody,
      response: { 200: VisitorContactResponse, ...errorResponses(400, 404, 422, 429) },
    },
    config: publicRouteConfig(app),
  }, async (request) => {
    const conversation = await setVisitorContact(commandContext(app), request.params.id, request.headers['x-visitor-token'], request.body);
    return presentVisitorContact(conversation);
  });
}
