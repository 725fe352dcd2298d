import { registry } from "@web/core/registry";

/**
 * A reader opens the archive: the kanban shows first-page thumbnails, the
 * side panel lists the directories with their counts (and not the ones the
 * reader may not read), picking a directory filters the cards, and the full
 * text search finds a document by a word inside it.
 */
registry.category("web_tour.tours").add("esign_archive_browse_tour", {
    steps: () => [
        {
            content: "Documents show as cards with a thumbnail",
            trigger: ".o_kanban_record:contains('Lease') img[src*='thumbnail']",
        },
        {
            content: "The hidden directory is not in the side panel",
            trigger: ".o_search_panel:not(:has(.o_search_panel_category_value:contains('Legal')))",
        },
        {
            content: "Pick the top directory in the side panel",
            trigger: ".o_search_panel_category_value header:contains('Contracts')",
            run: "click",
        },
        {
            content: "Its documents are listed",
            trigger: ".o_kanban_record:contains('Lease')",
        },
        {
            content: "Search the text of the documents",
            trigger: ".o_searchview_input",
            run: "edit Agreement",
        },
        {
            content: "Choose 'Search Text for: Agreement'",
            trigger: ".o_searchview_autocomplete .o_menu_item:contains('Text')",
            run: "click",
        },
        {
            content: "The document is found by a word of its text",
            trigger: ".o_facet_values:contains('Agreement')",
        },
        {
            content: "Still listed",
            trigger: ".o_kanban_record:contains('Lease')",
        },
    ],
});
